FROM alpine:3.20 AS x
FROM alpine:3.20 AS y
