FROM alpine:3.20
RUN chmod 755 /app && chmod 1777 /scratch && chmod u+w,o-w /x
COPY --chmod=644 app /app
