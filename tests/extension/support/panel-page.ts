/**
 * What runs inside Chromium: a tiny CommonJS loader for the built dist/*.js (the editor
 * require()s them), and a stubbed `Editor` global whose profiles are plain objects, whose
 * messages go back to Node (where the real dist/main.js answers them), and whose i18n reads
 * the extension's own i18n/en.js. Then it mounts the panel the way the editor does: template
 * and style into a shadow root, `$` selectors resolved, `ready()` called with that context.
 * Passed to page.evaluate as a function, so it must be self-contained.
 */
export interface PanelPageInput {
  files: Record<string, string>;
  profiles: { project: Record<string, unknown>; local: Record<string, unknown> };
}

export async function mountPanelInPage(input: PanelPageInput): Promise<void> {
  const w = window as unknown as Record<string, unknown>;
  const files = input.files;
  const cache: Record<string, unknown> = {};
  const normalize = (path: string) => {
    const out: string[] = [];
    for (const part of path.split('/')) {
      if (part === '..') out.pop();
      else if (part && part !== '.') out.push(part);
    }
    return `/${out.join('/')}`;
  };
  const load = (path: string): unknown => {
    if (path in cache) return cache[path];
    const source = files[path];
    if (source === undefined) throw new Error(`no module ${path}`);
    const module = { exports: {} as unknown };
    cache[path] = module.exports;
    const dir = path.slice(0, path.lastIndexOf('/'));
    const fn = new Function('module', 'exports', 'require', '__dirname', '__filename', source);
    fn(module, module.exports, makeRequire(dir), dir, path);
    cache[path] = module.exports;
    return module.exports;
  };
  function makeRequire(dir: string) {
    return (id: string): unknown => {
      if (id === 'fs') {
        return { readFileSync: (p: string) => { if (!(p in files)) throw new Error(`ENOENT ${p}`); return files[p]; } };
      }
      if (id === 'path') return { join: (...parts: string[]) => normalize(parts.join('/')) };
      if (id.startsWith('.')) {
        const path = normalize(`${dir}/${id}`);
        return load(path in files ? path : `${path}.js`);
      }
      throw new Error(`the panel may not require "${id}" in a renderer`);
    };
  }

  const en = load('/ext/i18n/en.js') as Record<string, unknown>;
  const profiles = input.profiles;
  const copy = (v: unknown) => JSON.parse(JSON.stringify(v ?? null));
  w.__profiles = profiles;
  w.Editor = {
    Panel: { define: (options: unknown) => options },
    Profile: {
      getProject: async (_name: string, key: string) => copy(profiles.project[key]),
      setProject: async (_name: string, key: string, value: unknown) => { profiles.project[key] = copy(value); },
      getConfig: async (_name: string, key: string) => copy(profiles.local[key]),
      setConfig: async (_name: string, key: string, value: unknown) => { profiles.local[key] = copy(value); },
    },
    Message: {
      request: (pkg: string, message: string, ...args: unknown[]) => (w.__cbMessage as (...a: unknown[]) => Promise<unknown>)(pkg, message, ...args),
    },
    I18n: {
      t: (key: string) => {
        let node: unknown = en;
        for (const part of key.replace(/^common-billing\./, '').split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
        return typeof node === 'string' ? node : key;
      },
    },
    Clipboard: { write: (_type: string, text: string) => { w.__clipboard = text; } },
  };

  const panel = load('/ext/dist/panel.js') as {
    template: string; style: string; $: Record<string, string>; methods: Record<string, () => Promise<void>>; ready(): Promise<void>;
  };
  const host = document.getElementById('panel-host')!;
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = `<style>${panel.style}</style>${panel.template}`;
  const $: Record<string, Element | null> = {};
  for (const [name, selector] of Object.entries(panel.$)) $[name] = shadow.querySelector(selector);
  // The editor calls panel methods with the panel as `this`; messages such as config-changed
  // reach them as `default.<method>`.
  const context = { $ };
  w.__panelMethod = (name: string) => panel.methods[name]!.call(context);
  await panel.ready.call(context);
}
