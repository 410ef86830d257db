#include "tests/heap_allocation_counter.hpp"

#include <atomic>
#include <cstddef>

namespace {
std::atomic<long> heap_allocations{0};
}

extern "C" void* __libc_malloc(std::size_t size);  // glibc's allocator behind malloc
extern "C" void* malloc(std::size_t size) {
  heap_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}

long kneeload::test::get_heap_allocation_count() { return heap_allocations.load(); }
