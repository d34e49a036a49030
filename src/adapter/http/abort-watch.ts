/** Internal: kept for the modules that still import it from here; the helper lives in `src/internal/abort.ts`. */
export { watchAbort } from "../../internal/abort.js";
