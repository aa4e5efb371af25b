/** Linux's ephemeral range starts here: a port at or above it was most likely chosen by the kernel (port 0). */
export const EPHEMERAL_MIN = 32768;
