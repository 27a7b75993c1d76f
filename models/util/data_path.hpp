// Where tpe's data files live (engine descriptions, DRAM presets, the
// stories260K model): the repository it was built from, or the install
// prefix. Nothing is read from anywhere else (docs/cli.md, "Data files").
#pragma once
#include <string>

namespace tpe {

// The data directory: $TPE_DATA_DIR when set; else PREFIX/share/tpe when the
// running executable is PREFIX/bin/tpe of an install that holds it; else the
// source tree of the build. Its layout is the repository's (configs/, data/).
std::string data_dir();

// data_dir() + "/" + relative.
std::string data_file(const std::string& relative);

}  // namespace tpe
