# Salient/shared rules and metrics (method.md §5, §6): d_byorder_* goldens and synthetic games. Included OPTIONALly
# from CMakeLists.txt here.
interlens_add_test(test_metrics
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/metrics_test.h
            ${CMAKE_CURRENT_LIST_DIR}/metrics_test.cpp
            ${CMAKE_CURRENT_LIST_DIR}/metrics_test_rules.cpp
            ${CMAKE_CURRENT_LIST_DIR}/metrics_test_kappa.cpp
            ${CMAKE_CURRENT_LIST_DIR}/metrics_test_stats.cpp
            ${CMAKE_CURRENT_LIST_DIR}/metrics_test_games.h
            ${CMAKE_CURRENT_LIST_DIR}/metrics_test_games.cpp
    LIBS interlens_interactions nlohmann_json::nlohmann_json
    LABELS interactions metrics
    TIMEOUT 120)
