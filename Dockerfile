# syntax=docker/dockerfile:1
# Daybook: built from this checkout with the Maven wrapper, run on a JRE 17.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY schemas schemas
COPY connectors connectors
COPY app app
# the reactor lists the bench module; its jar is not in the image
COPY bench bench
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package -pl app -am

FROM eclipse-temurin:17-jre
RUN groupadd --system daybook && useradd --system --gid daybook --home-dir /var/lib/daybook daybook \
    && mkdir -p /var/lib/daybook && chown daybook:daybook /var/lib/daybook
COPY --from=build /src/app/target/daybook.jar /opt/daybook/daybook.jar
USER daybook
WORKDIR /var/lib/daybook
ENV DAYBOOK_STATE_DIR=/var/lib/daybook \
    DAYBOOK_HTTP_PORT=8080
VOLUME /var/lib/daybook
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/daybook/daybook.jar"]
