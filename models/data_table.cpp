#include "models/data_table.hpp"

#include "solver/errors.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace kneeload {

std::string data_file_path(const std::string& file_name) {
  return std::string(KNEELOAD_DATA_DIR) + "/" + file_name;
}

namespace {
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) {
    while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
    while (!cell.empty() && cell.front() == ' ') cell.erase(cell.begin());
    out.push_back(cell);
  }
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}
}  // namespace

DataTable DataTable::read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("cannot open data table '{}'", path));
  DataTable t;
  t.path_ = path;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#' || line == "\r") continue;
    auto cells = split_csv_line(line);
    if (t.header_.empty()) {
      t.header_ = std::move(cells);
      continue;
    }
    if (cells.size() != t.header_.size())
      throw InputError(fmt::format("{}:{}: {} cells, the header has {}", path, n, cells.size(),
                                   t.header_.size()));
    t.cells_.push_back(std::move(cells));
    t.line_.push_back(n);
  }
  if (t.header_.empty() || t.cells_.empty())
    throw InputError(fmt::format("data table '{}' has no header or no rows", path));
  return t;
}

int DataTable::column(const std::string& name) const {
  for (size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  throw InputError(fmt::format("{}: no column '{}'", path_, name));
}

bool DataTable::has_column(const std::string& name) const {
  for (const std::string& h : header_)
    if (h == name) return true;
  return false;
}

const std::string& DataTable::text(int row, int col) const {
  KNEELOAD_CHECK(row >= 0 && row < rows() && col >= 0 && col < int(header_.size()),
                 "cell ({}, {}) outside {} ({} rows)", row, col, path_, rows());
  return cells_[row][col];
}

double DataTable::number(int row, int col) const {
  const std::string& s = text(row, col);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
    throw InputError(fmt::format("{}: column '{}' holds '{}', not a number", where(row),
                                 header_[col], s));
  return v;
}

std::string DataTable::where(int row) const { return fmt::format("{}:{}", path_, line_.at(row)); }

}  // namespace kneeload
