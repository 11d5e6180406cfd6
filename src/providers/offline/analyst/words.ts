/**
 * Words that are never a name by themselves, whatever their capital letter: pronouns and function
 * words, imperatives a player or a game master types ("Roll", "Make", "Describe"), and game-mechanic
 * words ("Initiative", "Perception", "Dexterity"). Shared by the offline analyst and narrator.
 */

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

export const FUNCTION_WORDS = words(`
  the a an this that these those it its he she they them we us you your yours i me my mine his her hers
  their theirs our ours there here what when where who whom whose why how which is are was were be been being
  am do does did done can could will would shall should may might must have has had if then and but or nor
  so as in at on to from into onto with without after before now yes no not please once suddenly meanwhile
  today tonight yesterday tomorrow everyone everybody nobody someone somebody something nothing everything
  anyone anything all some any each every both either neither hello hi hey thanks thank okay ok well oh ah
  welcome greetings good great also only always never just still soon later finally first next last while
  because although though since until unless let for of by about over under up down out off again maybe
  perhaps sure right very too more most less such other another same own than like upon within through
  across toward towards around near behind beside beneath above below between beyond inside outside along
  somewhere anywhere nowhere everywhere known unknown dust fire
  himself herself itself themselves myself yourself ourselves one ones none
  i'm i've i'll i'd don't can't won't it's that's what's isn't aren't wasn't weren't didn't let's
`);

/** Verbs at the head of a command: "Roll for initiative", "Make a saving throw", "Describe the room". */
export const IMPERATIVES = words(`
  roll make describe explain summarize summarise define list translate write respond reply answer act
  remember avoid include return output provide generate continue narrate note consider keep stay give take
  open close look go walk run climb enter leave exit grab pick drop use attack fight strike hit cast draw
  search examine inspect read talk speak ask tell say shout whisper call listen wait rest sleep eat drink
  follow sneak hide push pull light unlock lock break jump swim ride buy sell trade show throw equip wear kneel
  pray head move turn check investigate approach touch dig craft forge flee steal help offer descend ascend
  cross travel explore greet nod smile laugh sit stand wake pay bribe threaten persuade charm intimidate shoot
  aim block dodge defend heal summon play sing pour fill burn cut mine fish hunt track feed mount dismount
  board sail knock ring loot collect gather bow salute wave point study stare glance peer crouch duck charge
  retreat hold lift carry choose select pick add apply enter type press click tap spend gain lose begin start
  end stop try see hear feel find bring put set get let mind note beware watch
`);

/** Dice, checks and stats: capitalised in rule text, never a character. */
export const MECHANICS = words(`
  initiative perception stealth athletics acrobatics arcana insight investigation medicine nature religion
  survival deception performance persuasion intimidation history sleight strength dexterity constitution
  intelligence wisdom charisma str dex con int wis cha hp ac dc xp gp sp cp pp advantage disadvantage save
  saving throw check attack damage turn round action bonus reaction level spell spells slot hit points
  critical success failure fail success ooc system note gm dm narrator player user assistant
`);

/** Titles before a name ("Doctor Osric Penhallow", "Councillor Abel Wick"). */
export const TITLES = words(`
  captain lord lady king queen prince princess sir dame master mistress elder father mother brother sister
  doctor dr professor mr mrs ms miss baron baroness duke duchess count countess general commander sergeant
  lieutenant admiral saint archmage magister high chancellor emperor empress chief warden councillor
  councilor mayor reeve widow old young lady smith innkeeper clerk bishop abbot abbess prior friar
`);

/** Whether a single capitalised word can never be a name on its own. */
export function neverAName(lower: string): boolean {
  return FUNCTION_WORDS.has(lower) || IMPERATIVES.has(lower) || MECHANICS.has(lower);
}

/** Last words that make a name a group: "the Harrowfold Assessors", "the Iron Guild". */
export const FACTION_HEADS = words(`
  assessors council company guild order brotherhood sisterhood wardens runners league syndicate house clan
  cult circle society band crew watch army legion host church faith court
`);

/** Last words that make a name a place: "Rookery Stair", "Fennick's Tannery", "Gallery Nine". */
export const PLACE_HEADS = words(`
  stair stairs orchard tannery gallery road street row lane alley hall tower hollow mill inn tavern market
  square gate bridge well mine mines library keep forest wood woods castle city village vale valley mountain
  river lake sea isle island temple shrine crypt cave caves cavern harbor harbour port citadel fortress
  palace manor ruins marsh swamp desert peak spire academy sanctum abbey cathedral chapel dungeon vault
  garden gardens grove field fields plains falls bay coast shore hills kingdom realm district quarter docks
  farm camp outpost catacombs sewers barracks forge stables tunnel chamber cellar pass ford crossing
  adit shaft vents pit quarry workshop surgery school
`);

/** Endings that make one made-up word a place: Cinderwick, Lowmere, Ravensford. */
export const PLACE_SUFFIXES = [
  'wick',
  'mere',
  'ford',
  'burg',
  'shire',
  'haven',
  'dale',
  'holm',
  'stead',
  'gard',
  'heim',
  'port',
  'moor',
  'vale',
  'fell',
];

/** Last words that make a name a thing: "Saint Odile's Lamp", "the Brimstone Accounts". */
export const ITEM_HEADS = words(`
  lamp lantern accounts ledger book tome map key shard charter letter sword blade ring amulet crown staff
  orb stone gem chalice cup dagger bow axe hammer scroll relic idol talisman cloak helm shield potion elixir
  coin chest box journal diary crystal horn pendant sigil seal banner bell ear compass mirror wand spear
`);

/** Last words that make a name an event: "the Frost Fair", "the Night of Ash". */
export const EVENT_HEADS = words(
  'fair festival feast battle war siege wedding funeral trial vote council-meeting',
);
