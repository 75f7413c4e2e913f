import { describe, expect, it } from 'vitest';
import { loadTemplates, TEMPLATE_FILES } from '../../src/core/export/templates.ts';
import { readTemplateSources } from '../../src/export/node.ts';

const shipped = () => readTemplateSources();
const replace = (file: string, from: string | RegExp, to: string) =>
  shipped().map((s) => (s.path.endsWith(`/${file}`) ? { ...s, text: s.text.replace(from, to) } : s));

describe('document templates', () => {
  it('the shipped templates load, with the logo', () => {
    const r = loadTemplates(shipped());
    expect(r.ok && r.warnings).toEqual([]);
    if (!r.ok) return;
    expect(r.value.company.name.zh).toBeTruthy();
    expect(r.value.logoSvg).toMatch(/^<svg/);
    expect(r.value.quote.zh.lang).toBe('zh');
    expect(r.value.report.en.lang).toBe('en');
  });

  it('lists every problem with its file and field, across files', () => {
    let sources = replace('company.yaml', /^taxId:.*$/m, 'taxId: ""');
    sources = sources.map((s) => (s.path.endsWith('/quote.en.yaml') ? { ...s, text: s.text.replace(/^templateVersion: 1$/m, 'templateVersion: 2').replace(/^ {2}vat: VAT$/m, '') } : s));
    sources = sources.map((s) => (s.path.endsWith('/report.zh.yaml') ? { ...s, text: s.text.replace(/^lang: zh$/m, 'lang: en') } : s));
    const r = loadTemplates(sources);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const where = r.problems.map((p) => `${p.location?.file}:${p.path}`).sort();
    expect(where).toEqual(['company.yaml:taxId', 'quote.en.yaml:labels.vat', 'quote.en.yaml:templateVersion', 'report.zh.yaml:lang'].sort());
    for (const p of r.problems) {
      expect(p.message.zh).toBeTruthy();
      expect(p.message.en).toBeTruthy();
    }
  });

  it('reports a missing file, broken YAML, an unknown key and a logo that fetches from outside', () => {
    const without = shipped().filter((s) => !s.path.endsWith('/report.en.yaml'));
    const sources = without.map((s) => {
      if (s.path.endsWith('/quote.zh.yaml')) return { ...s, text: `${s.text}\nfooBar: 1\n` };
      if (s.path.endsWith('/logo.svg')) return { ...s, text: '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>' };
      if (s.path.endsWith('/company.yaml')) return s;
      return s;
    });
    const r = loadTemplates([...sources, { path: 'templates/report.en.yaml', text: 'title: [unclosed' }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const codes = r.problems.map((p) => `${p.code}@${p.location?.file}`).sort();
    expect(codes).toEqual(['template.invalid@quote.zh.yaml', 'template.logoExternal@logo.svg', 'template.yaml@report.en.yaml'].sort());
    const missing = loadTemplates(without);
    expect(!missing.ok && missing.problems.map((p) => p.code)).toEqual(['template.missingFile']);
  });

  it('names the files it reads', () => {
    const names = shipped().map((s) => s.path.split('/').pop());
    for (const f of TEMPLATE_FILES) expect(names).toContain(f);
  });

  it('the browser bundle carries the same templates as the folder', async () => {
    const { bundledTemplates } = await import('../../src/export/browser.ts');
    const b = bundledTemplates();
    const d = loadTemplates(shipped());
    expect(b.ok && d.ok && b.value).toEqual(d.ok && d.value);
  });
});
