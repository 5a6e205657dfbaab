#ifndef SWIFT_REDACT_CPCRE2_SHIM_H
#define SWIFT_REDACT_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Values that are macros in pcre2.h and do not import into Swift. */
static inline size_t cpcre2_unset(void) { return PCRE2_UNSET; }
static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }

/* National significant number lengths by country calling code (0 = unknown code). */
typedef struct {
    unsigned char min[1000];
    unsigned char max[1000];
} cpcre2_country_lengths;

static inline int cpcre2_is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline int cpcre2_is_hex(unsigned char c) { return cpcre2_is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

/* The digits of s[start..<end] that a reader sees: ASCII digits, not counting those inside an
   escape, which stands for punctuation (a plus, a space, a dash): `%2b` `%20` (% 2 and a hex
   digit: the punctuation a number is written with), `&#43;` `&#x2b;` (a numeric character
   reference), `\u002b` (four hex digits after \u).
   The `digits: MIN-MAX` bounds of a pattern count these; the engine's check after a match calls
   this too, so the two cannot disagree. */
static inline size_t cpcre2_phone_digits(const unsigned char *s, size_t start, size_t end) {
    size_t digits = 0;
    size_t i = start;
    while (i < end) {
        unsigned char c = s[i];
        if (c == '%' && i + 3 <= end && s[i + 1] == '2' && cpcre2_is_hex(s[i + 2])) { i += 3; continue; }
        if (c == '&' && i + 1 < end && s[i + 1] == '#') {
            size_t j = i + 2;
            int hex = j < end && (s[j] | 0x20) == 'x';
            if (hex) j++;
            size_t k = j;
            while (k < end && (hex ? cpcre2_is_hex(s[k]) : cpcre2_is_digit(s[k]))) k++;
            if (k > j) { i = (k < end && s[k] == ';') ? k + 1 : k; continue; }
        }
        if (c == '\\' && i + 6 <= end && (s[i + 1] | 0x20) == 'u' && cpcre2_is_hex(s[i + 2]) && cpcre2_is_hex(s[i + 3])
            && cpcre2_is_hex(s[i + 4]) && cpcre2_is_hex(s[i + 5])) { i += 6; continue; }
        digits += cpcre2_is_digit(c);
        i++;
    }
    return digits;
}

/* Callout `(?C<n>)`, appended by the engine to patterns that declare `digits: MIN-MAX`: fail (and
   so backtrack) while the match so far holds more than n digits (`cpcre2_phone_digits`), or, when `data` is a
   country table and the number starts with + or 00 and a known country code, while its national
   digits (up to an extension; a "(0)" trunk marker not counted) are outside that country's range.
   A greedy pattern thus backs off to the longest match that is a plausible number. */
static inline int cpcre2_phone_callout(pcre2_callout_block_8 *block, void *data) {
    const unsigned char *s = block->subject;
    size_t end = block->current_position;
    if (cpcre2_phone_digits(s, block->start_match, end) > block->callout_number) return 1;
    const cpcre2_country_lengths *table = (const cpcre2_country_lengths *)data;
    if (table == NULL) return 0;
    size_t i = block->start_match;
    while (i < end && s[i] != '+' && !cpcre2_is_digit(s[i])) i++;
    if (i >= end) return 0;
    if (s[i] == '+') i++;
    else if (i + 1 < end && s[i] == '0' && s[i + 1] == '0') i += 2;
    else return 0;
    unsigned code = 0;
    int found = 0;
    for (int n = 0; n < 3 && i < end && cpcre2_is_digit(s[i]); n++, i++) {
        code = code * 10 + (unsigned)(s[i] - '0');
        if (table->max[code] != 0) { found = 1; i++; break; }
    }
    if (!found) return 0;
    unsigned national = 0;
    for (; i < end; i++) {
        unsigned char c = s[i];
        if (cpcre2_is_digit(c)) { national++; continue; }
        if (c == '(' && i + 2 < end && s[i + 1] == '0' && s[i + 2] == ')') { i += 2; continue; }
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') break;
        if (c == ';' || c == ',' || c == '#') break;
    }
    return (national < table->min[code] || national > table->max[code]) ? 1 : 0;
}

/* Sets the callout and its data (a country table or NULL) for the next match. */
static inline void cpcre2_set_phone_callout(pcre2_match_context_8 *context, const cpcre2_country_lengths *table) {
    pcre2_set_callout_8(context, cpcre2_phone_callout, (void *)table);
}
#endif
