# Tokenizer throughput: tokens/s encoding ~1 MB of generated English text, and tokenizer.json load times, for the
# fixture tokenizers (../shared/fixtures/tokenizers). Not a test: run it by hand, see BENCHMARKS.md.
add_executable(interlens_tokenize_bench ${CMAKE_CURRENT_LIST_DIR}/tokenize_bench.cpp)
target_link_libraries(interlens_tokenize_bench PRIVATE interlens_tokenize Qt6::Core)
target_compile_definitions(interlens_tokenize_bench PRIVATE
    INTERLENS_DEFAULT_FIXTURES="${INTERLENS_FIXTURES_DIR}")
