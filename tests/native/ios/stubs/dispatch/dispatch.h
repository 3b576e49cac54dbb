// Compile-only stub of the two libdispatch declarations CBBridge.mm uses (Apple's <dispatch/dispatch.h>;
// Debian has no libdispatch headers). Written for Common Billing; signatures as documented by Apple.
#pragma once

typedef struct dispatch_queue_s *dispatch_queue_t;
typedef void (^dispatch_block_t)(void);

extern "C" dispatch_queue_t dispatch_get_main_queue(void);
extern "C" void dispatch_async(dispatch_queue_t queue, dispatch_block_t block);
