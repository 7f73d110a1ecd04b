# The sample resource service (samples/OrdersApi): build with the SDK, run on the ASP.NET Core runtime image.
#   docker build -f deploy/OrdersApi.Dockerfile -t orders-api .     (from the repository root)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/AuthServer.Client/ src/AuthServer.Client/
COPY samples/OrdersApi/ samples/OrdersApi/
RUN dotnet restore samples/OrdersApi/OrdersApi.csproj
RUN dotnet publish samples/OrdersApi/OrdersApi.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
USER app
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "OrdersApi.dll"]
