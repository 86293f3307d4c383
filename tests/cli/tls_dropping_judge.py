#!/usr/bin/env python3
"""A judge served over TLS on loopback that drops its first connections in the middle of
the TLS handshake, written with Python's own ssl and socket modules (not the workbench's
HTTP library). Used by test_cli_eval_judge_https:

  tls_dropping_judge.py CERT.pem KEY.pem DROPS

Prints "port N" once listening, then "connection K" as it accepts the K-th connection.
The first DROPS connections are closed once the client's first handshake message has
arrived: the first with a reset (SO_LINGER 0 sends RST), the others with a plain close
(FIN). Later connections complete the handshake, and any request gets an OpenAI-style
chat completion whose content is "Fine.\\nRating: [[7]]". Runs until killed.
"""
import json
import socket
import ssl
import struct
import sys


def read_request(conn):
    """The request's head and body, or None when the client goes away first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head, body


def answer(conn):
    body = json.dumps({"object": "chat.completion",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": "Fine.\nRating: [[7]]"}}]}).encode()
    head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
            "Connection: close\r\n\r\n" % len(body)).encode()
    conn.sendall(head + body)


def main():
    cert, key, drops = sys.argv[1], sys.argv[2], int(sys.argv[3])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print("port", listener.getsockname()[1], flush=True)
    accepted = 0
    while True:
        conn, _ = listener.accept()
        accepted += 1
        print("connection", accepted, flush=True)
        if accepted <= drops:
            conn.recv(65536)  # the ClientHello: the handshake has begun
            if accepted == 1:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
            continue
        try:
            with context.wrap_socket(conn, server_side=True) as tls:
                if read_request(tls) is not None:
                    answer(tls)
        except (ssl.SSLError, OSError) as e:  # e.g. a client that refused the certificate
            print("failed", accepted, type(e).__name__, flush=True)


if __name__ == "__main__":
    main()
