// Renders a gnuplot script to PREFIX.png and PREFIX.svg: the data go in
// PREFIX.dat, the script in PREFIX.gp (kept, so a figure can be restyled by
// hand), gnuplot runs once per terminal. The script must plot from '$DAT'
// and must not set a terminal or an output.
#pragma once
#include <string>
#include <vector>

namespace tpe::cli {

// Throws std::runtime_error when gnuplot is missing or fails (its stderr in
// the message). Returns the files written.
std::vector<std::string> render_gnuplot(const std::string& prefix, const std::string& data, const std::string& script);

// A label gnuplot prints as is (quotes and underscores escaped).
std::string gp_text(const std::string& s);

}  // namespace tpe::cli
