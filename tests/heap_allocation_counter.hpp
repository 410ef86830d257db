#pragma once
// Counts heap allocations, for tests that prove a hot path allocates nothing. Eigen allocates with
// malloc and operator new calls malloc, so heap_allocation_counter.cpp interposes malloc with a
// counting wrapper around glibc's own allocator. Add that file to a test program's SOURCES.
namespace kneeload::test {

// Heap allocations made by the whole program so far.
long get_heap_allocation_count();

}  // namespace kneeload::test
