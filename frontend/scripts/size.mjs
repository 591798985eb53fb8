// The first load of the production build: index.html plus the JS and CSS the
// browser fetches before the sign-in page shows (the entry chunk, its static
// imports, and the login route's lazy chunk with its imports), gzip-compressed.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const LIMIT_KIB = 200
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const manifestPath = join(dist, '.vite', 'manifest.json')

if (!existsSync(manifestPath)) {
  console.error('size: dist/.vite/manifest.json not found; run `npm run build` first')
  process.exit(1)
}

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
const files = new Set(['index.html'])

function collect(key) {
  const chunk = manifest[key]
  if (!chunk || files.has(`chunk:${key}`)) return
  files.add(`chunk:${key}`)
  files.add(chunk.file)
  for (const css of chunk.css ?? []) files.add(css)
  for (const imported of chunk.imports ?? []) collect(imported)
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)
collect(entry)
const login = Object.keys(manifest).find((key) => key.endsWith('views/auth/LoginView.vue'))
if (!login) {
  console.error('size: the login view is not in the manifest')
  process.exit(1)
}
collect(login)

let raw = 0
let gzip = 0
const rows = []
for (const file of files) {
  if (file.startsWith('chunk:')) continue
  const bytes = readFileSync(join(dist, file))
  const zipped = gzipSync(bytes, { level: 9 }).length
  raw += bytes.length
  gzip += zipped
  rows.push([file, bytes.length, zipped])
}
rows.sort((a, b) => b[2] - a[2])
const kib = (n) => (n / 1024).toFixed(1).padStart(7)
for (const [file, size, zipped] of rows) console.log(`${kib(size)} KiB ${kib(zipped)} KiB gzip  ${file}`)
console.log(`first load (/login): ${kib(raw).trim()} KiB raw, ${kib(gzip).trim()} KiB gzip (limit ${LIMIT_KIB} KiB)`)
if (gzip > LIMIT_KIB * 1024) {
  console.error(`size: the first load is over ${LIMIT_KIB} KiB gzip`)
  process.exitCode = 1
}
