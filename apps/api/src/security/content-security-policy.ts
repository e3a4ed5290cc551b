import { createHash } from 'node:crypto';

/**
 * The policy of every JSON answer: it loads nothing and may be framed by
 * nothing. A browser only applies a CSP to a document, so this mostly guards
 * a JSON body opened directly or an error page of a path that does not exist.
 */
export const API_POLICY_DIRECTIVES = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

export interface PageSources {
  script: readonly string[];
  style: readonly string[];
  /** `style-src-attr` (inline style="…" attributes only), when given. */
  styleAttr?: readonly string[];
  img?: readonly string[];
  font?: readonly string[];
  formAction?: readonly string[];
}

/**
 * The policy of an HTML page the API serves: its own scripts and styles
 * (listed by the caller), calls to the same origin, no framing, no plugins.
 * No `upgrade-insecure-requests`: many sites serve gongkai over plain HTTP on
 * an intranet, where that would break every asset.
 */
export function pagePolicy(sources: PageSources): string {
  const directives: [string, readonly string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', sources.script],
    ['style-src', sources.style],
    ...(sources.styleAttr ? [['style-src-attr', sources.styleAttr] as [string, readonly string[]]] : []),
    ['img-src', sources.img ?? ["'self'"]],
    ...(sources.font ? [['font-src', sources.font] as [string, readonly string[]]] : []),
    ['connect-src', ["'self'"]],
    ['base-uri', ["'none'"]],
    ['form-action', sources.formAction ?? ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['object-src', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.length ? values.join(' ') : "'none'"}`).join('; ');
}

/** CSP hash sources of the inline `<script>` (without src) or `<style>` blocks of `html`, exactly as a browser hashes them. */
export function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const pattern = tag === 'script' ? /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi : /<style[^>]*>([\s\S]*?)<\/style>/gi;
  return [...html.matchAll(pattern)].map((m) => hashSource(m[1]));
}

/** `'sha256-…'` of a script or style text (UTF-8, as the browser hashes it). */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
