// Escaping for the HTML report. Names in a report come from packs and imported files, so any of them may be
// hostile: text goes through escapeHtml, data for the page's script through scriptJson.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * JSON safe inside `<script type="application/json">`: no `<` (so no `</script>` or `<!--`), no `>` or `&`, and
 * no U+2028/U+2029. JSON.parse reads the escapes back as the same characters.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A script library inlined as-is; refuse one that could close its own script element early. */
export function inlineScript(source: string, name: string): string {
  if (/<\/script|<!--/i.test(source)) throw new Error(`${name} cannot be inlined: it contains "</script" or "<!--"`);
  return source;
}
