// Fails when src/api/schema.d.ts no longer matches docs/openapi.json: the
// types the SPA compiles against must be those of the contract.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const spec = join(root, '..', 'docs', 'openapi.json')
const committed = join(root, 'src', 'api', 'schema.d.ts')
const scratch = mkdtempSync(join(tmpdir(), 'gridlink-schema-'))
const fresh = join(scratch, 'schema.d.ts')

try {
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'openapi-typescript.cmd' : 'openapi-typescript')
  execFileSync(bin, [spec, '-o', fresh], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  const want = readFileSync(fresh, 'utf8')
  let have = ''
  try {
    have = readFileSync(committed, 'utf8')
  } catch {
    // missing counts as stale
  }
  if (want !== have) {
    const wantLines = want.split('\n')
    const haveLines = have.split('\n')
    const line = wantLines.findIndex((text, i) => text !== haveLines[i])
    console.error(
      `check:api: ${relative(root, committed)} is stale: it differs from docs/openapi.json ` +
        `(first difference at line ${line + 1}).\n` +
        `  expected: ${JSON.stringify(wantLines[line] ?? '')}\n` +
        `  found:    ${JSON.stringify(haveLines[line] ?? '')}\n` +
        'Run `npm run gen:api` in frontend/ and commit the result.',
    )
    process.exitCode = 1
  } else {
    console.log(`check:api: ${relative(root, committed)} matches docs/openapi.json`)
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
