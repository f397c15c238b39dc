/**
 * The words a script shows, in the page's language: the page carries them (theme/partials/strings.html),
 * translated by the build from the same catalogues as the templates, so there is no second
 * catalogue to drift. Placeholders are gettext's `%(name)s`, as in Python and the templates.
 */

/** The messages the page gave the script called `name` ({} when the page gives none). */
export function strings(name) {
  const element = document.getElementById(`mh-strings-${name}`);
  return element ? JSON.parse(element.textContent) : {};
}

const lang = () => document.documentElement.lang || "en";

/**
 * The numbering system the build wrote the page's numbers in (Babel's: `Language.numbering_system`,
 * `<meta name="mh-numbering">` in theme/main.html); "latn" outside a page. A browser's own default
 * may be another for the same language (Arabic-Indic digits for "ar" in some), so every number a
 * script writes names it, and Python and JavaScript agree (tests/js/vectors/plurals.json `numbers`).
 */
export function numbering() {
  return globalThis.document?.querySelector?.('meta[name="mh-numbering"]')?.content || "latn";
}

/** `n` as the build writes it in `language` (Language.format_number). */
export function formatNumber(language, n, numberingSystem = numbering()) {
  return new Intl.NumberFormat(language, { numberingSystem }).format(n);
}

/** `message` with its `%(name)s` placeholders filled from `values`; `%%` is a percent sign. */
export function format(message, values = {}) {
  return String(message).replace(/%(?:\((\w+)\)[sd]|%)/g, (whole, key) =>
    key === undefined ? "%" : String(values[key] ?? ""));
}

/**
 * The form of a plural message for `n`: `forms` maps CLDR plural categories ("one", "few",
 * "other"…) to text (Language.plural_forms), and Intl.PluralRules picks, as Babel does in Python.
 */
export function plural(forms, n, values = {}) {
  return pluralIn(lang(), forms, n, values);
}

/** `plural` in a language given by its code, and its digits (for modules that also run outside a page). */
export function pluralIn(language, forms, n, values = {}, numberingSystem = numbering()) {
  const text = forms[new Intl.PluralRules(language).select(n)] ?? forms.other;
  return format(text, { num: formatNumber(language, n, numberingSystem), ...values });
}
