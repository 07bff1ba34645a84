// Vite's `?url` imports (the file is emitted with the build and its URL returned).
declare module '*?url' {
  const url: string;
  export default url;
}
