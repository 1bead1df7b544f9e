// Builds plugins' UI bundles: each <plugin>/ui/src/index.ts (or .js) becomes the ES module
// <plugin>/ui/dist/index.js (and index.css when it has styles), the file its manifest's
// "ui.entry" names. The modules the app lends (vue, vue-router, @urql/vue, @shopdb/ui) are
// not bundled: imports of them become reads of window.shopdb.modules, the app's instances.
//
//   node scripts/build-plugin-ui.mjs                 every bundled plugin (../plugins/*)
//   node scripts/build-plugin-ui.mjs /srv/plugins/x  a site plugin folder (or several)
import { existsSync, readdirSync, symlinkSync, lstatSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import vue from '@vitejs/plugin-vue'
import externalGlobals from 'rollup-plugin-external-globals'

const here = dirname(fileURLToPath(import.meta.url))
const frontend = resolve(here, '..')
export const SHARED = ['vue', 'vue-router', '@urql/vue', '@shopdb/ui']

function entryOf(folder) {
  for (const name of ['index.ts', 'index.js']) {
    const path = join(folder, 'ui', 'src', name)
    if (existsSync(path)) return path
  }
  return null
}

// A plugin folder outside the repository resolves `vue` & co. (types, tests) through this link.
function linkNodeModules(folder) {
  const link = join(folder, 'node_modules')
  if (folder.startsWith(resolve(frontend, '..'))) return
  try {
    lstatSync(link)
  } catch {
    symlinkSync(join(frontend, 'node_modules'), link, 'dir')
  }
}

export async function buildPluginUi(folder) {
  const entry = entryOf(folder)
  if (!entry) return false
  linkNodeModules(folder)
  await build({
    configFile: false,
    root: join(folder, 'ui'),
    logLevel: 'warn',
    plugins: [
      vue(),
      externalGlobals(Object.fromEntries(SHARED.map((id) => [id, `window.shopdb.modules[${JSON.stringify(id)}]`]))),
    ],
    build: {
      outDir: join(folder, 'ui', 'dist'),
      emptyOutDir: true,
      sourcemap: true,
      lib: { entry, formats: ['es'], fileName: () => 'index.js', cssFileName: 'index' },
      rollupOptions: { external: SHARED },
    },
  })
  return true
}

const args = process.argv.slice(2)
const folders = args.length
  ? args.map((a) => resolve(a))
  : readdirSync(resolve(frontend, '..', 'plugins'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => resolve(frontend, '..', 'plugins', d.name))
let built = 0
for (const folder of folders) {
  if (await buildPluginUi(folder)) {
    built += 1
    console.log(`plugin UI: ${folder}/ui/dist/index.js`)
  } else if (args.length) {
    console.error(`plugin UI: ${folder} has no ui/src/index.ts or index.js`)
    process.exitCode = 1
  }
}
if (!args.length) console.log(`plugin UI: ${built} bundled plugin(s) built`)
