// The stand-in library: one function, so the archive has a symbol the lane can look for.
#include "rocksdb/standin.h"

extern "C" const char* rocksdb_standin_version() { return "standin"; }
