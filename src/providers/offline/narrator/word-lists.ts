/**
 * The narrator's word lists: function words, command verbs, titles, place and item nouns, the
 * prepositions and connectors that tell a person from a place or a thing, and the moods it can name.
 */
export const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

/** Function words, prompt-instruction words and interjections: never names, never keywords. */
export const COMMON = words(
  'the a an this that these those it its he she they them we us you your yours i me my mine his her hers ' +
    'their our there here what when where who whom whose why how which is are was were be been being am ' +
    'do does did done can could will would shall should may might must have has had if then and but or nor ' +
    'so as in at on to from into onto with without after before now yes no not please once suddenly ' +
    'meanwhile today tonight yesterday tomorrow everyone nobody someone something nothing everything all ' +
    'some any each every hello hi hey thanks thank okay ok well oh ah welcome greetings good great also ' +
    'only always never just still soon later finally first next while because although though since until ' +
    "let let's don't can't won't i'm i've i'll i'd keep stay describe respond reply answer write act " +
    'remember avoid include return output provide generate continue narrate note consider make give be ' +
    'for of by about over under up down out off again maybe perhaps sure right very too more most less ' +
    'such other another same own than like into upon within through across toward towards around near ' +
    "is isn't it's that's what's",
);

/** Verbs a player types as a bare command ("open the gate"); also never names at a sentence start. */
export const COMMAND_VERBS = words(
  'open close look go walk run climb enter leave exit take grab pick drop use attack fight strike hit cast ' +
    'draw sheathe search examine inspect read talk speak ask tell say shout whisper call listen wait rest ' +
    'sleep eat drink follow sneak hide push pull light unlock lock break jump swim ride buy sell trade give ' +
    'show throw equip wear kneel pray head move turn check investigate approach touch dig craft forge flee ' +
    'steal help offer descend ascend cross travel explore greet hug nod smile laugh sit stand wake pay bribe ' +
    'threaten persuade charm intimidate shoot aim block dodge defend heal summon play sing pour fill burn cut ' +
    'chop mine fish hunt track feed pet mount dismount board sail row knock ring pocket loot collect gather ' +
    'return bow salute wave point study listen stare glance peer crouch duck charge retreat hold lift carry',
);

/** Words about the conversation itself, not the story ("You are the Narrator", "Respond in JSON"). */
export const META = words(
  'narrator player players user users assistant system human ai model json markdown english game master ' +
    'gm dm storyteller npc npcs character characters rules scene state lore notes previously facts',
);

/** Titles and epithets that make a name a person: "Captain Voss", "the Lich of Grimhold". */
export const TITLES = words(
  'captain lord lady king queen prince princess sir dame master mistress elder father mother brother ' +
    'sister doctor dr professor mr mrs ms baron baroness duke duchess count countess general commander ' +
    'sergeant lieutenant admiral saint archmage magister high chancellor emperor empress chief warden ' +
    'lich dragon witch wizard sorcerer sorceress necromancer knight giant troll demon god goddess ghost ' +
    'wraith oracle prophet hermit',
);

/** What only a person has: "Seraphina's gentle smile", "Mira's voice" make Seraphina and Mira people. */
export const PERSON_PARTS = words(
  'eyes eye voice smile face hair hand hands gaze lips brow mouth heart mind laugh fingers arm ' +
    'arms shoulder shoulders expression name words body head cheeks skin gentle soft warm cold kind ' +
    'stern quiet',
);

/** Requests to the narrator rather than deeds in the world ("Describe the room", "Tell me a joke"). */
export const REQUEST_VERBS = words('describe explain summarize summarise define list translate write');

export const PLACE_NOUNS = words(
  'library keep tower hall halls forest woods wood gate gates inn tavern castle city village hollow vale ' +
    'valley mountain mountains river lake sea isle island bridge temple shrine crypt cave caves cavern mine ' +
    'mines market square road pass harbor harbour port citadel fortress palace manor ruins marsh swamp ' +
    'desert wastes peak spire academy sanctum abbey cathedral chapel dungeon vault archive archives garden ' +
    'gardens grove glade field fields plains reach falls bay coast shore hills kingdom empire realm district ' +
    'quarter street alley docks mill farm camp outpost catacombs sewers barracks forge stables tunnel ' +
    'tunnels chamber throne throneroom courtyard cellar attic kitchen room hut cabin lighthouse well graveyard ' +
    'cemetery crossroads town capital province land lands bog fen moor heath canyon gorge cliffs ridge pit ' +
    'watchtower wall walls',
);

/** Endings that make a single made-up word a place: Eldhollow, Ravensford, Stormhaven. */
export const PLACE_SUFFIXES =
  'hollow holm ford burg borough shire wick port haven dale fell gard heim moor vale keep stead march reach spire watch crest mere field grad polis'.split(
    ' ',
  );

export const ITEM_NOUNS = words(
  'sword blade crown ring amulet staff tome book key shield orb stone gem chalice cup dagger bow axe ' +
    'hammer scroll map lantern relic idol talisman cloak helm helmet armor armour potion elixir coin coins ' +
    'letter chest box bag satchel pouch rope torch candle mirror compass wand rod spear mace locket necklace ' +
    'bracelet journal diary note crystal shard skull bone horn flute lute pendant sigil seal banner bell ' +
    'door lever statue altar table window painting barrel crate cart wagon fire campfire cauldron pedestal ' +
    'trapdoor hatch portcullis chain lock cage',
);

/** Heads that follow "in the..." without being places ("in the morning", "at the same time"). */
export const NOT_PLACE = words(
  'morning evening night day dawn dusk time moment meantime end beginning way hope fear silence case ' +
    'order name mood middle dark light distance past future meanwhile rain wind person tense form format ' +
    'style words paragraphs prose line lines json',
);

/** "the heart of Karsk": a capitalised name after these and "of" is a place. */
export const PLACE_OF = words(
  'heart edge outskirts streets center centre depths borders shores ruins gates walls',
);

/** Prepositions after which a phrase is a place ("into the Sunken Library"). */
export const PLACE_PREPS = words(
  'in at into inside within through across beneath under beyond near around outside throughout toward ' +
    'towards to from past along onto upon over behind',
);

/** After these, a bare capitalised name is as likely a person ("speak to Mira") as a place. */
export const PERSON_PREPS = words('to toward towards from past behind');

export const DETERMINERS = words('the a an this that');

/** Words that may join capitalised words into one name: "Order of the Silver Hand". */
export const NAME_CONNECTORS = words('of the de du von van la le del');

/** Where a lowercase noun phrase ends. */
export const PHRASE_STOP = words(
  'and or but with to of for from in at on into by as than then that which who where when while if ' +
    'is are was were be it its so not',
);

export const MOODS =
  'wary hopeful curious grim amused anxious determined weary suspicious elated calm defiant'.split(' ');
