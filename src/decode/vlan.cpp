// TODO: implement (placeholder so the tree builds while work is split).
#include "protocols.hpp"

namespace weir {

void register_vlan(Registry&) {}

}  // namespace weir
