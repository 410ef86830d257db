#include "io/hdf5_memory_file.hpp"

#include "io/atomic_file.hpp"

#include "solver/errors.hpp"

#include <fmt/format.h>

#include <atomic>
#include <vector>

#include <unistd.h>

namespace kneeload {

void write_hdf5_file(const std::string& path, const std::string& what,
                     const std::function<void(H5::H5File& file)>& fill) {
  H5::Exception::dontPrint();
  // A name no other open file has: with the core driver and no backing store it names no file on
  // disk, but HDF5 refuses two open files of one name (the old `path` may be open for reading).
  static std::atomic<unsigned long> count{0};
  const std::string memory_name = fmt::format("{}.in-memory-{}-{}", path, getpid(), ++count);
  std::vector<char> image;
  try {
    H5::FileAccPropList access;
    access.setCore(1 << 20, false);  // grow by 1 MiB, keep no file on disk
    H5::H5File file(memory_name, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, access);
    fill(file);
    file.flush(H5F_SCOPE_GLOBAL);
    const ssize_t size = H5Fget_file_image(file.getId(), nullptr, 0);
    if (size < 0) throw H5::FileIException("H5Fget_file_image", "the file image has no size");
    image.resize(static_cast<std::size_t>(size));
    if (H5Fget_file_image(file.getId(), image.data(), image.size()) != size)
      throw H5::FileIException("H5Fget_file_image", "the file image could not be copied");
    file.close();
  } catch (const H5::Exception& e) {
    throw InputError(fmt::format("writing {} '{}' failed: {}", what, path, e.getDetailMsg()));
  }
  write_file_atomically(path, what, image.data(), image.size());
}

}  // namespace kneeload
