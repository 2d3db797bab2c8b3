import type { ClusterConfig } from '@kube-aws/config-schema';
import { formatProblem, loadClusterConfig } from '@kube-aws/config-schema';
import {
  checkCredentials,
  credentialValidity,
  planCredentials,
  renderKubeconfig,
} from '@kube-aws/pki';
import { mergeTemplates } from '@kube-aws/renderer';
import type { RenderedAssets, TemplateMerge } from '@kube-aws/renderer';
import { secretFileNames } from '../secretFileNames.js';
import { CREDENTIALS_GITIGNORE } from '../credentialFiles.js';
import type { AssetSnapshot } from '../fingerprintAssetDirectory.js';
import { formatRenderState, parseRenderState, RENDER_STATE_FILE, sha256 } from './renderState.js';
import { BASE_DIRECTORY } from '../resolveTemplates.js';

/** How long a render of a snapshot would change nothing, and what it would print meanwhile. */
export interface UnchangedRender {
  readonly validFrom: Date;
  readonly validUntil: Date;
  /** cluster.yaml's warnings and the templates left unmerged, as render prints them. */
  readonly stderr: string;
}

/**
 * Whether `kube-aws render` (no flags) of the asset directory in `snapshot`, with `config` and
 * `templates` as rendered, would leave every file as it is: cluster.yaml resolves to `config`,
 * every credential is there, passes checkCredentials at `now` and has the modes render gives it,
 * kubeconfig and render-state.json are what render writes, and each template is what its merge
 * with the user's edits gives, with the base render keeps for it. Decided on the snapshot's own
 * bytes, so a file changed meanwhile is judged as it was digested. Where unsure, it says no: the
 * next render then runs in full, which is never wrong.
 * @returns undefined when such a render would change or refuse something.
 */
export async function describeUnchangedRender(
  config: ClusterConfig,
  snapshot: AssetSnapshot,
  templates: RenderedAssets,
  now: Date,
): Promise<UnchangedRender | undefined> {
  // render refuses links, FIFOs and devices, and directories where it reads files: so does this.
  if (snapshot.others.length > 0) return undefined;
  let irregular = false;
  const text = (name: string) => {
    if (snapshot.modes.has(name) && !snapshot.files.has(name)) irregular = true;
    return snapshot.files.get(name)?.toString('utf8');
  };
  const clusterYaml = snapshot.files.get('cluster.yaml');
  if (clusterYaml === undefined) return undefined;
  let warnings: string;
  try {
    const loaded = loadClusterConfig(clusterYaml, 'cluster.yaml');
    if (JSON.stringify(loaded.config) !== JSON.stringify(config)) return undefined;
    warnings = loaded.warnings.map((warning) => `${formatProblem(warning)}\n`).join('');
  } catch {
    return undefined;
  }

  // renderCredentialFiles: credentials/ is 0700 with its .gitignore, keys are 0600, nothing is
  // missing or made, and the set passes the same checks.
  const specs = planCredentials(config);
  const secrets = secretFileNames(config);
  if (snapshot.modes.get('credentials/') !== 0o700) return undefined;
  // Only kube-aws's own .gitignore: render rewrites an older one (a user's own is not fingerprinted).
  if (text('credentials/.gitignore') !== CREDENTIALS_GITIGNORE) return undefined;
  if (secrets.some((name) => snapshot.modes.get(`credentials/${name}`) !== 0o600)) return undefined;
  const credentials = new Map<string, string>();
  for (const name of [...specs.map((spec) => spec.certificateFile), ...secrets]) {
    const content = text(`credentials/${name}`);
    if (content !== undefined) credentials.set(name, content);
  }
  // The same analysis as the render's own check of these bytes, which pki keeps: no second parse.
  if ((await checkCredentials(config, credentials, now)).length > 0) return undefined;
  if (text('kubeconfig') !== renderKubeconfig(config)) return undefined;

  // renderTemplateFiles (with resolveTemplates' merge): nothing conflicts, every template is
  // already what the merge gives, every base what render would keep, and the state as it writes it.
  const state = parseRenderState(snapshot.files.get(RENDER_STATE_FILE));
  const current: Record<string, string | undefined> = {};
  const base: Record<string, string | undefined> = {};
  for (const file of Object.keys(templates)) {
    current[file] = text(file);
    base[file] = text(`${BASE_DIRECTORY}/${file}`);
    if (
      base[file] === undefined &&
      current[file] !== undefined &&
      state[file] === sha256(current[file])
    )
      base[file] = current[file];
  }
  let merge: TemplateMerge;
  try {
    merge = mergeTemplates({ fresh: templates, current, base });
  } catch {
    return undefined;
  }
  if (merge.conflicts.length > 0) return undefined;
  for (const [file, content] of Object.entries(templates)) {
    if (merge.templates[file] !== current[file]) return undefined;
    if (!merge.unmerged.includes(file) && text(`${BASE_DIRECTORY}/${file}`) !== content)
      return undefined;
    state[file] = sha256(content);
  }
  if (text(RENDER_STATE_FILE) !== formatRenderState(state)) return undefined;
  if (snapshot.modes.get(RENDER_STATE_FILE) !== 0o644) return undefined;

  // Until the first certificate expires, and not before the last one starts.
  const validity = await credentialValidity(config, credentials);
  if (validity === undefined || irregular) return undefined;
  const edited =
    merge.unmerged.length === 0
      ? ''
      : `Left alone (edited before kube-aws kept a base to merge with; changes of the config do not reach them until you run render --force and edit again): ${merge.unmerged.join(', ')}\n(${RENDER_STATE_FILE} records what kube-aws last wrote.)\n`;
  return { ...validity, stderr: warnings + edited };
}
