import { defineConfig } from "vite";
import { labAssets } from "./scripts/vite-plugin-lab-assets.ts";

export default defineConfig({
  // The images and the boot snapshot come from the plugin, not from a public folder.
  publicDir: false,
  plugins: [labAssets()],
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 1024 },
  server: { port: 5173 },
  preview: { port: 4173 },
});
