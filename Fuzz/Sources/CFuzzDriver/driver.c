// Only the declaration in include/CFuzzDriver.h is needed; SwiftPM wants a source file per target.
#include "CFuzzDriver.h"
