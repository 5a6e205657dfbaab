#ifndef SWIFT_REDACT_CFUZZDRIVER_H
#define SWIFT_REDACT_CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>
// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): runs `callback` on generated inputs
// with the command line's libFuzzer flags.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
