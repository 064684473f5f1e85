// Where the page's worker finds mckernel.img: the file `npm run lwk` writes, bundled by Vite as
// an asset. A glob, so that a checkout without it still builds (the home then lacks the image
// and the worker says so).

const found = import.meta.glob<string>("/.cache/lwk/mckernel.img", { query: "?url", import: "default", eager: true });

export const LWK_IMAGE_URL: string | undefined = Object.values(found)[0];
