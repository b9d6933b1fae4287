# Big sharded bf16 checkpoints on the CPU: peak memory against stored size, trie scoring time and GEMM efficiency
# (BENCHMARKS.md section "bigmodel"). Not a test: writes several GB to disk; run by hand, prints the markdown section.
add_executable(interlens_bigmodel_bench ${CMAKE_CURRENT_SOURCE_DIR}/bigmodel_bench.cpp)
target_link_libraries(interlens_bigmodel_bench PRIVATE interlens_explain interlens_model_testkit Qt6::Core)
