/* secret.h - encryption of applicants' identity numbers at rest (libsodium).
 *
 * A 32-byte key lives in its own file, outside the database (mode 0600;
 * a key file readable by group or others is refused). Values are sealed
 * with crypto_secretbox_easy (XSalsa20-Poly1305) under a fresh random
 * nonce, stored as nonce || ciphertext, so a database copy alone reveals
 * nothing and any change to a stored value is detected on decryption.
 * Screens show only the masked form (secret_mask_id). */
#ifndef GK_SECRET_H
#define GK_SECRET_H

#include <stddef.h>
#include "base/buf.h"

#define SECRET_KEY_BYTES 32
/* nonce (24) + MAC (16) added to every sealed value */
#define SECRET_OVERHEAD 40
/* Largest plaintext secret_encrypt accepts (identity numbers are short). */
#define SECRET_MAX_PLAIN 4096

struct secret_key {
	unsigned char k[SECRET_KEY_BYTES];
};

/* Initialise libsodium (safe to call repeatedly). 0 or -1. */
int secret_init(void);
/* Read the key at path; if the file does not exist and create is set,
 * make a new random key there (mode 0600, exclusive create). Refuses a
 * key file that is not a regular file of exactly 32 bytes or that grants
 * any permission to group or others. 0, or -1 with a reason in err. */
int secret_key_load(const char *path, int create, struct secret_key *key,
		    char *err, size_t errsize);
/* Wipe a key from memory. */
void secret_key_wipe(struct secret_key *key);
/* Seal n bytes of plain into out (appended: nonce || ciphertext, n + 40
 * bytes). 0, or -1 if n > SECRET_MAX_PLAIN or out is full. */
int secret_encrypt(const struct secret_key *key, const void *plain, size_t n,
		   struct buf *out);
/* Open a sealed value into out (appended, NUL-terminated by struct buf).
 * -1 if it is too short, was altered, or was sealed under another key. */
int secret_decrypt(const struct secret_key *key, const void *sealed, size_t n,
		   struct buf *out);
/* Mask an identity number for display: keep the first 6 and last 4
 * characters and star the rest (110105********1234); values shorter than
 * 11 characters are starred entirely. Counts UTF-8 characters, writes at
 * most outsize bytes (always NUL-terminated). Returns out. */
char *secret_mask_id(const char *id, char *out, size_t outsize);

#endif
