// Browser fixture for tests/export/browser-pdf.test.ts: the same lazy path the app uses on "export PDF".
declare global {
  interface Window {
    renderSample: (text: string) => Promise<{ base64: string; fontUrls: string[]; missing: string[] }>;
  }
}

window.renderSample = async (text: string) => {
  const [{ renderPdf }, { browserFontSet }, { findUnsupportedChars }] = await Promise.all([
    import('../../../src/export/pdf/render.ts'),
    import('../../../src/export/pdf/browser-fonts.ts'),
    import('../../../src/core/format/glyph-coverage.ts'),
  ]);
  const fonts = browserFontSet();
  const bytes = await renderPdf(
    { content: [{ text, fontSize: 20 }, { text: '粗体标题 Bold', bold: true, fontSize: 20 }] },
    { fonts, watermark: '草稿 DRAFT', pageNumbers: { lang: 'zh' } },
  );
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return { base64: btoa(bin), fontUrls: [fonts.regular, fonts.bold], missing: findUnsupportedChars(text, fonts.coverage) };
};

export {};
