#ifndef SWIFT_REDACT_CZSTD_SHIM_H
#define SWIFT_REDACT_CZSTD_SHIM_H
#include <zstd.h>
#include <zstd_errors.h>
#endif
