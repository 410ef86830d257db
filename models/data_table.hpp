#pragma once
// A small CSV table from the project's data/ folder: '#' lines are comments (source, licence,
// units), the first other line is the header, every later line a row of the same width.
// Errors name the file and the line, so a damaged table is found at once.
#include <string>
#include <vector>

namespace kneeload {

// Absolute path of a file in the project's data/ folder (KNEELOAD_DATA_DIR).
std::string data_file_path(const std::string& file_name);

class DataTable {
 public:
  // Reads the file; throws InputError naming it when missing, empty or ragged.
  static DataTable read(const std::string& path);

  int rows() const { return static_cast<int>(cells_.size()); }
  // Index of a header column; throws InputError naming the file and the column.
  int column(const std::string& name) const;
  bool has_column(const std::string& name) const;
  const std::string& text(int row, int col) const;
  // The cell as a finite number; throws InputError naming file, line and column otherwise.
  double number(int row, int col) const;
  double number(int row, const std::string& col) const { return number(row, column(col)); }
  const std::string& text(int row, const std::string& col) const { return text(row, column(col)); }
  // "file:line" of a row, for error messages.
  std::string where(int row) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<std::string> header_;              // [n_columns]
  std::vector<std::vector<std::string>> cells_;  // [rows][n_columns]
  std::vector<int> line_;                        // [rows] line number in the file (1-based)
};

}  // namespace kneeload
