# Model forward throughput (BENCHMARKS.md section "model"). Not a test: run by hand, prints the markdown section.
add_executable(interlens_model_bench ${CMAKE_CURRENT_SOURCE_DIR}/model_bench.cpp)
target_link_libraries(interlens_model_bench PRIVATE interlens_model_testkit Qt6::Core)
target_compile_definitions(interlens_model_bench PRIVATE INTERLENS_DEFAULT_FIXTURES="${INTERLENS_FIXTURES_DIR}")
