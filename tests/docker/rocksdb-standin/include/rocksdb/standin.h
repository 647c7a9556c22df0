#pragma once
extern "C" const char* rocksdb_standin_version();
