import nunjucks from 'nunjucks';
import { afterEach, describe, expect, it } from 'vitest';
import { ASSET_FILES, renderAssets, RenderError, validateAssets } from '../src/index.js';
import { renderTemplate } from '../src/internal/renderTemplate.js';
import { AMI, configFrom, pinnedAssets } from './helpers.js';

const config = configFrom(
  'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n',
);
const assets = pinnedAssets(config);

// What each payload runs if it ever gets through: it marks the global object.
const RUN = 'globalThis.__kubeAwsPwned = true; return 1';

// Known ways out of a nunjucks template (nunjucks has no sandbox): constructors reached through
// lookups on values, literals and nunjucks' globals; computed keys; calls; macros; loading other
// templates; filters that take callables; tests; dictionary and regex literals.
const PAYLOADS: [string, string][] = [
  ['constructor chain on a value', `{{ cluster.name.constructor.constructor("${RUN}")() }}`],
  ['global range', `{{ range.constructor("${RUN}")() }}`],
  ['global cycler', `{{ cycler.constructor("${RUN}")() }}`],
  ['global joiner', `{{ joiner.constructor("${RUN}")() }}`],
  ['global lipsum', '{{ lipsum(1) }}'],
  ['a string literal', `{{ "".constructor.constructor("${RUN}")() }}`],
  ['an array literal', `{{ [].constructor.constructor("${RUN}")() }}`],
  ['bracket keys', `{{ cluster["constructor"]["constructor"]("${RUN}")() }}`],
  ['a computed key', '{{ cluster["con" ~ "structor"] }}'],
  ['a key from the context', '{{ cluster[cluster.name] }}'],
  ['__proto__', '{{ cluster.__proto__ }}'],
  ['prototype', '{{ cluster.name.prototype }}'],
  ['set, then call', `{% set f = cluster.name.constructor %}{{ f.constructor("${RUN}")() }}`],
  ['a grouped lookup', '{{ (cluster.name).constructor }}'],
  ['a method call', '{{ cluster.name.toString() }}'],
  ['a call in a loop', '{% for x in range(3) %}{{ x }}{% endfor %}'],
  ['a macro', '{% macro m() %}x{% endmacro %}{{ m() }}'],
  ['call', '{% call cluster.name() %}x{% endcall %}'],
  ['include', '{% include "/etc/passwd" %}'],
  ['import', '{% import "x.njk" as x %}'],
  ['from import', '{% from "x.njk" import y %}'],
  ['extends', '{% extends "x.njk" %}'],
  ['block', '{% block b %}x{% endblock %}'],
  ['a filter block', '{% filter upper %}x{% endfilter %}'],
  ['a filter taking a callable', '{{ [1, 2] | sort(false, false, cluster.name) }}'],
  ['replace with a regex', '{{ cluster.name | replace(r/./g, "x") }}'],
  ['safe', '{{ cluster.name | safe }}'],
  ['dump', '{{ cluster | dump }}'],
  ['an is test', '{{ cluster.name is defined }}'],
  ['a dictionary literal', '{{ {"a": 1} }}'],
  ['asyncEach', '{% asyncEach x in cluster.controllerIPs %}{{ x }}{% endeach %}'],
  ['asyncAll', '{% asyncAll x in cluster.controllerIPs %}{{ x }}{% endall %}'],
  ['an unknown variable', '{{ process }}'],
];

async function validateWith(file: string, edit: (text: string) => string) {
  const templates = renderAssets(config);
  return validateAssets({
    config,
    templates: { ...templates, [file]: edit(templates[file]!) },
    amiId: AMI,
    ...(await assets),
  });
}

describe('templates cannot run code', () => {
  afterEach(() => {
    expect((globalThis as Record<string, unknown>).__kubeAwsPwned).toBeUndefined();
  });

  it.each(PAYLOADS)('refuses %s, at its line, running nothing', async (_, payload) => {
    for (const file of [ASSET_FILES.controller, ASSET_FILES.worker, ASSET_FILES.addons]) {
      const { problems, built } = await validateWith(file, (text) =>
        text.replace('\n', `\n# ${payload}\n`),
      );
      expect(built, file).toBeUndefined();
      expect(problems, file).toEqual([
        expect.objectContaining({ file, line: 2, message: expect.any(String) }),
      ]);
    }
  });

  it('refuses payloads that are live: plain nunjucks runs them', () => {
    const plain = new nunjucks.Environment(null, { autoescape: false });
    const live = PAYLOADS.filter(([name]) =>
      ['constructor chain on a value', 'global range', 'bracket keys', 'set, then call'].includes(
        name,
      ),
    );
    expect(live).toHaveLength(4);
    for (const [name, payload] of live) {
      plain.renderString(payload, { cluster: { name: 'c' } });
      const global = globalThis as Record<string, unknown>;
      expect(global.__kubeAwsPwned, name).toBe(true);
      delete global.__kubeAwsPwned;
    }
  });

  it('refuses a payload in the stack template too', async () => {
    const { problems } = await validateWith(ASSET_FILES.stack, (text) =>
      text.replace('"AWSTemplateFormatVersion"', `"X{{ range.constructor('${RUN}')() }}"`),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: ASSET_FILES.stack,
        message: expect.stringContaining('nothing in them may call or load anything'),
      }),
    ]);
  });

  it('says what is not allowed and why', async () => {
    const { problems } = await validateWith(ASSET_FILES.controller, (text) =>
      text.replace('\n', `\n# {{ cluster.name.constructor.constructor("${RUN}")() }}\n`),
    );
    expect(problems[0]!.message).toBe(
      'calling a function is not allowed in a kube-aws template (templates may only look up data; nothing in them may call or load anything)',
    );
  });

  it('keeps what templates do: lookups, loops, conditions, arithmetic and the allowed filters', async () => {
    // `#|`: a comment the node keeps (lines of `# …` reach it empty).
    const snippet = [
      '#| {% raw %}{{ cluster.name.constructor }}{% endraw %}',
      '#| {% for name, user in kubeconfigs %}{{ name }}={{ user | upper }} {% endfor %}',
      '#| {% if controller.index == 0 and not (cluster.name in "x") %}{{ controller.index + 1 }}{% endif %}',
      '#| {% set n = cluster.controllerIPs | length %}{{ n * 2 }} {{ cluster.controllerIPs[0] }}',
      '#| {{ secrets.names | join(",") | trim | lower | default("none") }} {{ "a" ~ "b" }}',
    ].join('\n');
    const { problems, built } = await validateWith(ASSET_FILES.controller, (text) =>
      text.replace('\n', `\n${snippet}\n`),
    );
    expect(problems).toEqual([]);
    expect(built!.userdata[0]!.cloudConfig).toContain('#| {{ cluster.name.constructor }}');
    expect(built!.userdata[0]!.cloudConfig).toMatch(/#\| 1\n/);
  });

  it('hands templates plain data: own fields only, nothing inherited, no functions', () => {
    class Value {
      readonly own = 'own';
      get inherited(): string {
        return 'inherited';
      }
    }
    expect(renderTemplate('t', '{{ v.own }}', { v: new Value() })).toBe('own');
    expect(() => renderTemplate('t', '{{ v.inherited }}', { v: new Value() })).toThrow(RenderError);
    expect(() => renderTemplate('t', '{{ v }}', { v: () => 1 })).toThrow(/only data/);
  });
});
