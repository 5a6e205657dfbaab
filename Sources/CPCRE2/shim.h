#ifndef SWIFT_REDACT_CPCRE2_SHIM_H
#define SWIFT_REDACT_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Values that are macros in pcre2.h and do not import into Swift. */
static inline size_t cpcre2_unset(void) { return PCRE2_UNSET; }
static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
#endif
