#pragma once
// The one table of a state vector: named blocks (e.g. q, qd, activation), each with its size, its
// unit and the names (and units) of its entries, laid out one after another. Offsets are computed
// once by compile_state_layout(); HDF5 dataset and column names are read from the same table, so
// the state vector and the results cannot drift apart. Knows no anatomy.
#include <string>
#include <string_view>
#include <vector>

namespace kneeload::solver {

// A block as the model builder writes it.
struct StateBlockSpec {
  std::string name;                      // unique, e.g. "q"
  std::string unit;                      // of the block as a whole, e.g. "m or rad"
  std::vector<std::string> entry_names;  // [size] unique within the block
  std::vector<std::string> entry_units;  // [size], or empty: every entry has `unit`
};

struct StateBlock {
  std::string name;
  std::string unit;
  std::vector<std::string> entry_names;  // [size]
  std::vector<std::string> entry_units;  // [size]
  int offset = 0;                        // first entry in the state vector
  int size = 0;
};

struct StateLayout {
  std::vector<StateBlock> blocks;  // [n_blocks] in state-vector order
  int size = 0;                    // total number of entries

  // Index of a block by name; an unknown name throws InputError naming it and listing the blocks.
  int block_index(std::string_view name) const;
  const StateBlock& get_block(std::string_view name) const { return blocks[block_index(name)]; }
  int get_offset(std::string_view name) const { return get_block(name).offset; }
  bool has_block(std::string_view name) const;
  // State-vector index of one entry of a block; InputError naming block and entry if unknown.
  int entry_index(std::string_view block, std::string_view entry) const;
  // "block/entry" of the state-vector index i (for failure reports); InvariantError if out of range.
  std::string get_entry_path(int i) const;
};

// Validates (InputError naming the block: empty or repeated names, a repeated entry name, entry
// units of the wrong count) and lays the blocks out in the order given.
StateLayout compile_state_layout(const std::vector<StateBlockSpec>& blocks);

}  // namespace kneeload::solver
