# 흔한 실수 모음: 각 줄 위의 주석이 무엇이 잘못되었는지 설명합니다.
# Common mistakes, each explained by the comment above it. Dockerfile shows the right way.
ARG VERSION=1.2.3
# MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors=...
MAINTAINER someone@example.com

# `as` should be upper case like FROM (build check FromAsCasing).
FROM alpine:3.20 as base
# The legacy `ENV key value` form: write `ENV NODE_ENV=production`.
ENV NODE_ENV production
# 비밀번호를 ARG로 넘기면 이미지 기록에 남습니다. Secrets in an ARG end up in the image history.
ARG DB_PASSWORD=hunter2
# `cd` does not carry over to the next instruction: use WORKDIR.
RUN cd /app
# VERSION was declared before FROM: inside the stage it is empty until `ARG VERSION`.
RUN echo "version $VERSION"
# 오타: 그런 스테이지는 없습니다. A typo: there is no stage called "biuld".
COPY --from=biuld /out /usr/local/bin/
# Not a port number.
EXPOSE 80000
# The exec form runs no shell: "$HOME" is passed as written.
ENTRYPOINT ["echo", "$HOME"]
# Invalid JSON (the closing bracket is missing) silently falls back to the shell form.
CMD ["node", "server.js"
# Only the last CMD counts.
CMD node server.js
# An unknown instruction.
RUNN echo hi
