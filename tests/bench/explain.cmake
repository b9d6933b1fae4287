# Masked scoring v(S) for all 2^n masks: lab-style batches vs --plain vs the KV-cache trie (BENCHMARKS.md section
# "explain"). Not a test: run by hand, prints the markdown section.
add_executable(interlens_explain_bench ${CMAKE_CURRENT_SOURCE_DIR}/explain_bench.cpp)
target_link_libraries(interlens_explain_bench PRIVATE interlens_explain interlens_model_testkit Qt6::Core)
target_compile_definitions(interlens_explain_bench PRIVATE INTERLENS_DEFAULT_FIXTURES="${INTERLENS_FIXTURES_DIR}")
