# AND/OR interaction engine speed (BENCHMARKS.md section "interactions"): fast transforms n = 10..20, reference SGD vs
# the solver (n = 8..16, single and joint; the lab's golden games from the fixtures), and the lab's dense-matrix
# approach (Eigen) where it fits. Not a test: run by hand, prints the markdown section.
add_executable(interlens_interactions_bench ${CMAKE_CURRENT_LIST_DIR}/interactions_bench.cpp)
target_link_libraries(interlens_interactions_bench PRIVATE interlens_interactions interlens_testsupport Eigen3::Eigen Qt6::Core)
