// @tda/cli: the `tda` command. Importable for embedding: buildProgram() / main(argv).
export { buildProgram, main } from "./main.js";
