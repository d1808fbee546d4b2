/** perfgate's version, recorded in every document it writes (kept equal to package.json by a test). */
export const VERSION = '0.1.0';
