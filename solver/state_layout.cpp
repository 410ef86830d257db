#include "solver/state_layout.hpp"

#include "solver/errors.hpp"

#include <fmt/ranges.h>

#include <set>

namespace kneeload::solver {

StateLayout compile_state_layout(const std::vector<StateBlockSpec>& specs) {
  StateLayout layout;
  std::set<std::string> block_names;
  for (const StateBlockSpec& s : specs) {
    if (s.name.empty() || !block_names.insert(s.name).second)
      throw InputError(fmt::format("state layout: block name '{}' is empty or repeated", s.name));
    if (!s.entry_units.empty() && s.entry_units.size() != s.entry_names.size())
      throw InputError(fmt::format("state block '{}': {} entry units for {} entries", s.name,
                                   s.entry_units.size(), s.entry_names.size()));
    std::set<std::string> entries;
    for (const std::string& e : s.entry_names)
      if (e.empty() || !entries.insert(e).second)
        throw InputError(
            fmt::format("state block '{}': entry name '{}' is empty or repeated", s.name, e));
    StateBlock b;
    b.name = s.name;
    b.unit = s.unit;
    b.entry_names = s.entry_names;
    b.entry_units = s.entry_units.empty() ? std::vector<std::string>(s.entry_names.size(), s.unit)
                                          : s.entry_units;
    b.offset = layout.size;
    b.size = static_cast<int>(s.entry_names.size());
    layout.size += b.size;
    layout.blocks.push_back(std::move(b));
  }
  return layout;
}

int StateLayout::block_index(std::string_view name) const {
  for (std::size_t i = 0; i < blocks.size(); ++i)
    if (blocks[i].name == name) return static_cast<int>(i);
  std::vector<std::string> names;
  for (const StateBlock& b : blocks) names.push_back(b.name);
  throw InputError(fmt::format("state layout: no block named '{}' (have: {})", name,
                               fmt::join(names, ", ")));
}

bool StateLayout::has_block(std::string_view name) const {
  for (const StateBlock& b : blocks)
    if (b.name == name) return true;
  return false;
}

int StateLayout::entry_index(std::string_view block, std::string_view entry) const {
  const StateBlock& b = get_block(block);
  for (int i = 0; i < b.size; ++i)
    if (b.entry_names[i] == entry) return b.offset + i;
  throw InputError(fmt::format("state block '{}': no entry named '{}' (have: {})", block, entry,
                               fmt::join(b.entry_names, ", ")));
}

std::string StateLayout::get_entry_path(int i) const {
  KNEELOAD_CHECK(i >= 0 && i < size, "state index {} outside [0, {})", i, size);
  for (const StateBlock& b : blocks)
    if (i < b.offset + b.size) return b.name + "/" + b.entry_names[i - b.offset];
  return {};  // not reached: the blocks cover [0, size)
}

}  // namespace kneeload::solver
