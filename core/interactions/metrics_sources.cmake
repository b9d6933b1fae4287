# Salient/shared rules and the paper's metrics (method.md §5, §6). Included OPTIONALly from CMakeLists.txt here.
target_sources(interlens_interactions PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/shared_types.h
    ${CMAKE_CURRENT_LIST_DIR}/shared_types.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shared_salient.h
    ${CMAKE_CURRENT_LIST_DIR}/shared_salient.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shared_match.h
    ${CMAKE_CURRENT_LIST_DIR}/shared_match.cpp
    ${CMAKE_CURRENT_LIST_DIR}/metrics_order.h
    ${CMAKE_CURRENT_LIST_DIR}/metrics_order.cpp
    ${CMAKE_CURRENT_LIST_DIR}/metrics_kappa.h
    ${CMAKE_CURRENT_LIST_DIR}/metrics_kappa.cpp
    ${CMAKE_CURRENT_LIST_DIR}/metrics_faithfulness.h
    ${CMAKE_CURRENT_LIST_DIR}/metrics_faithfulness.cpp
    ${CMAKE_CURRENT_LIST_DIR}/metrics_sparsity.h
    ${CMAKE_CURRENT_LIST_DIR}/metrics_sparsity.cpp
    ${CMAKE_CURRENT_LIST_DIR}/metrics_json.h
    ${CMAKE_CURRENT_LIST_DIR}/metrics_json.cpp
)
# metrics_json.h exposes nlohmann::json (header-only).
target_link_libraries(interlens_interactions PUBLIC nlohmann_json::nlohmann_json)
