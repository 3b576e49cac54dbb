// GNUstep's headers include <objc/blocks_runtime.h>; Debian's clang provides the blocks runtime
// declarations as <Block.h> (libblocksruntime-dev). Used only by the Linux syntax check.
#include <Block.h>
