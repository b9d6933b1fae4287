# Session file and v cache speed (BENCHMARKS.md section "store"). Not a test: run by hand, prints the markdown section.
add_executable(interlens_store_bench ${CMAKE_CURRENT_LIST_DIR}/store_bench.cpp)
target_link_libraries(interlens_store_bench PRIVATE interlens_store Qt6::Core)
