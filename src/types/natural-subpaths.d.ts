// natural's package entry loads its storage back-ends (Redis, Postgres, MongoDB), which
// print dotenv banners on stdout; the project imports only the parts it uses.
declare module 'natural/lib/natural/distance/index.js' {
  const distance: { JaroWinklerDistance(a: string, b: string, options?: { ignoreCase?: boolean }): number };
  export default distance;
}
declare module 'natural/lib/natural/tokenizers/index.js' {
  export const WordTokenizer: new () => { tokenize(text: string): string[] };
  const tokenizers: { WordTokenizer: typeof WordTokenizer };
  export default tokenizers;
}
